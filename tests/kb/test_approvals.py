"""True approval statements pass, false ones do not (taxonomy close call 10)."""

from __future__ import annotations

import pytest

from regenwatch import kb

TRUE = [
    ("FDA-approved cord blood transplant for leukemia", "hemacord"),
    ("Ryoncil (remestemcel-L) approved for children with steroid-refractory acute GVHD",
     "ryoncil"),
    ("In December 2024 the FDA approved remestemcel-L for pediatric SR-aGVHD", "ryoncil"),
    ("FDA-licensed cord blood is approved for unrelated-donor transplants, together with an "
     "appropriate preparative regimen, in patients with disorders affecting the blood-forming "
     "system.", "hemacord"),
    ("HPC, Cord Blood units are FDA-licensed for transplant in leukaemia and lymphoma",
     "hpc-cord-blood"),
    ("MACI is approved by the FDA for adults with symptomatic, full-thickness cartilage "
     "defects of the knee", "maci"),
    ("MACI is approved for knee cartilage defects but isn't approved for osteoarthritis",
     "maci"),
    ("The FDA has approved CAR T-cell therapy for multiple myeloma", "abecma"),
    ("Kymriah is FDA approved for B-cell acute lymphoblastic leukemia", "kymriah"),
    ("In June 2023 the FDA approved donislecel (Lantidra) for adults with type 1 diabetes",
     "lantidra"),
    ("Zolgensma is an FDA-approved gene therapy for spinal muscular atrophy", "zolgensma"),
    ("Casgevy was approved for sickle cell disease", "casgevy"),
    ("Health Canada authorised Prochymal for GvHD", "prochymal"),
    ("Omisirge is approved for patients with blood cancers planned for cord blood transplant",
     "omisirge"),
]

FALSE = [
    "FDA-approved exosomes",
    "Our FDA approved exosome IV therapy for leukemia",
    "FDA approved stem cell therapy for knee arthritis",
    "cord blood for autism",
    "FDA-approved cord blood stem cells for leukemia and autism",
    "FDA-approved umbilical cord stem cells for COPD",
    "Wharton's jelly cord blood cells approved for lymphoma",
    "Ryoncil is FDA approved for adults with GVHD",
    "Ryoncil approved for Crohn's disease",
    "EMA-approved Ryoncil for acute GVHD",
    "MACI approved for hip arthritis",
    "CAR-T approved for lupus",
    "Lantidra is approved for type 2 diabetes",
    "Alofisel is approved for perianal fistulas",  # authorisation withdrawn 2024-12-13
    "FDA approved stem cell treatment for Parkinson's",
    "FDA approved MSC therapy for GVHD",
    "",
]


@pytest.mark.parametrize(("text", "product"), TRUE)
def test_true_approval(text, product):
    found = kb.is_true_approval(text)
    assert found is not None, text
    assert found.id == product


@pytest.mark.parametrize("text", FALSE)
def test_not_a_true_approval(text):
    assert kb.is_true_approval(text) is None


def test_context_supplies_the_product_name():
    sentence = "It is approved for adults with type 1 diabetes and severe hypoglycaemia."
    assert kb.is_true_approval(sentence) is None
    found = kb.is_true_approval(sentence, context="Donislecel (Lantidra) islet cell therapy")
    assert found is not None and found.id == "lantidra"
    # Disqualifiers are read from the sentence itself, never waived by context.
    assert kb.is_true_approval("It is approved for autism",
                               context="Hemacord cord blood") is None


def test_most_specific_indication_wins():
    found = kb.true_approvals("CAR-T approved for mantle cell lymphoma")
    assert found and found[0].id in {"tecartus", "breyanzi"}


def test_data_driven(kb_copy):
    path = kb_copy / "approved-products.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("indications: [congenital athymia, athymia]",
                                 "indications: [congenital athymia, athymia, digeorge syndrome]"),
                    encoding="utf-8")
    base = kb.KnowledgeBase.from_dir(kb_copy)
    assert base.is_true_approval("Rethymic is approved for DiGeorge syndrome").id == "rethymic"
    assert kb.is_true_approval("Rethymic is approved for DiGeorge syndrome") is None


CONDITIONS = ["crohn's disease", "multiple myeloma", "lymphoma", "autism", "sports injury",
              "type 1 diabetes", "gvhd"]


def test_conditions_widen_the_off_label_check():
    assert kb.is_true_approval("cord blood for leukemia and Crohn's disease") is not None
    assert kb.is_true_approval("cord blood for leukemia and Crohn's disease",
                               conditions=CONDITIONS) is None


def test_conditions_accept_a_product_named_without_its_use():
    assert kb.is_true_approval("FDA approved Lantidra in June 2023") is None
    found = kb.is_true_approval("FDA approved Lantidra in June 2023", conditions=CONDITIONS)
    assert found is not None and found.id == "lantidra"
    assert kb.is_true_approval("Ryoncil is approved for Crohn's disease",
                               conditions=CONDITIONS) is None
    # Class wording alone ("cord blood") never suffices without an indication.
    assert kb.is_true_approval("FDA approved cord blood stem cells", conditions=CONDITIONS) is None


def test_class_wording_uses_the_union_of_labels():
    text = "FDA has approved CAR T-cell therapies for large B-cell lymphoma and multiple myeloma"
    assert kb.is_true_approval(text, conditions=CONDITIONS) is not None
