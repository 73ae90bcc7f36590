# Dies at import time, like a venv mismatch.
import sys
from common import record_pid
record_pid()
sys.stderr.write("Traceback (most recent call last):\n")
sys.stderr.write("ModuleNotFoundError: No module named 'mcp'\n")
sys.exit(1)
