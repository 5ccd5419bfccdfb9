"""Speed and memory measured as ratios against bare baselines, side by side (not tests)."""
