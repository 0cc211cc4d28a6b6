#!/usr/bin/env python
from plein.__main__ import main

if __name__ == "__main__":
    main()
