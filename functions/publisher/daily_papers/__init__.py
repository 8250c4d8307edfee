"""daily-papers: publish the Hugging Face Daily Papers as a static site."""
