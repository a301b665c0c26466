"""Sub-commands of the ``digitalmotor`` command line, one module per area."""
