"""Evidence request pages: the adviser's side and the health team's side."""
