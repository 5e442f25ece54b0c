import sys

from studybuddy.cli import main

sys.exit(main())
