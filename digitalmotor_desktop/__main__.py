from digitalmotor_desktop.cli import main

raise SystemExit(main())
