"""Standard-library helpers both sides share: text folding and the date grammar."""
