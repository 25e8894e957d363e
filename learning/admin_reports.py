"""Admin reports of the online school (completion, scores, most-missed questions)."""
