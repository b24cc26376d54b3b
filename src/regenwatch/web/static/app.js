// A little progressive enhancement; the page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Print button (hidden without JS).
  for (const button of document.querySelectorAll("button.print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  // Disable a form's button while it is being checked, and say so.
  for (const form of document.querySelectorAll("form")) {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      if (button) {
        button.dataset.label = button.textContent;
        button.disabled = true;
        button.textContent = "Checking…";
      }
    });
  }
  // Notes on marked passages: keep them on screen, and let Escape hide them (WCAG 1.4.13).
  const marks = document.querySelectorAll("mark.hl");
  for (const mark of marks) {
    const place = () => {
      mark.classList.remove("tip-off");
      const box = mark.getBoundingClientRect();
      mark.classList.toggle("tip-left", box.left > window.innerWidth / 2);
      mark.classList.toggle("tip-up", box.bottom > window.innerHeight * 0.6
                                      && box.top > window.innerHeight * 0.4);
    };
    mark.addEventListener("mouseenter", place);
    mark.addEventListener("focus", place);
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      for (const mark of marks) mark.classList.add("tip-off");
    }
  });
  // A printout shows the basis of every claim: open the closed explanations, then restore.
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details.basis:not([open])")];
    for (const d of opened) d.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const d of opened) d.open = false;
    opened = [];
  });
  // Browsers restore a disabled button from the cache on Back: re-enable it.
  window.addEventListener("pageshow", () => {
    for (const button of document.querySelectorAll("form button[type=submit]")) {
      button.disabled = false;
      if (button.dataset.label) button.textContent = button.dataset.label;
    }
  });
});
