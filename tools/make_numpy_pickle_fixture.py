"""Prints the hex of a tiny NumPy pickle (Python 3, protocol 2) used as a literal in
tests/Dsch.Tests/Data/CifarReaderTests.cs. Run with /usr/bin/python3 (NumPy 1.24.2 produced the literal)."""
import pickle

import numpy as np

array = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.uint8)
print(pickle.dumps({"data": array, "labels": [1, 2]}, protocol=2).hex().upper())
