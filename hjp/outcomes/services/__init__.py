"""Recording outcomes: one function per change, each audited (see the modules of this package)."""
