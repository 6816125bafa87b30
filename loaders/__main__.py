"""`python -m loaders ...`: the command line (loaders.cli). For check and import the checking child (loaders.paraat)
is started first, so that it imports pandas and the readers on the other core while this process imports the rest:
the controller's first file is then read 0,4 s sooner."""

import sys

from loaders import paraat

if __name__ == "__main__":
    if sys.argv[1:2] in (["check"], ["import"]):
        paraat.start_ahead()
    from loaders.cli import main

    sys.exit(main())
