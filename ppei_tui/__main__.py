from ppei_tui.cli import main

raise SystemExit(main())
