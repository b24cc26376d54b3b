"""Rule packs: claims as data (YAML), validated at load time, one code per kind of claim."""
