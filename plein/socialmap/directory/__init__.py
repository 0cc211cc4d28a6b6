""" "Ken je partners": the library's network partners for its desk, and the monthly digest of
what changed in their offer (issue 15 §3)."""
