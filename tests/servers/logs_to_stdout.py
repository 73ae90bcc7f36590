# Python `logging` pointed at stdout (a StreamHandler on sys.stdout), one
# record before serving: `logs_to_stdout.py basic` uses basicConfig's
# default format (`INFO:weather:...`), `asctime` the common
# `%(asctime)s - %(name)s - %(levelname)s - %(message)s` with a clock fixed
# at 1970-01-01 so the line is the same on every run.
import logging
import sys
import time

from common import serve

if sys.argv[1] == "asctime":
    make = logging.getLogRecordFactory()

    def fixed(*args, **kwargs):
        record = make(*args, **kwargs)
        record.created, record.msecs = 0.0, 0.0
        return record

    logging.setLogRecordFactory(fixed)
    logging.Formatter.converter = time.gmtime
    fmt = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"
else:
    fmt = logging.BASIC_FORMAT
logging.basicConfig(stream=sys.stdout, level=logging.INFO, format=fmt)
logging.getLogger("weather").info("starting the weather server")
sys.stdout.flush()
serve()
