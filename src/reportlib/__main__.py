import sys

from reportlib.pipeline.cli import main

sys.exit(main())
