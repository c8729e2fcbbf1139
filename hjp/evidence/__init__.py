"""Medical evidence requests from advisers to health teams, and the answers."""
