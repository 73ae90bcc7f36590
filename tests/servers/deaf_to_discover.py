# An initialize-era server that never answers server/discover (it neither
# replies nor errors): the app's era probe gets no answer, reads that as
# legacy, and the Cowork/Code lane goes on with initialize.
from common import default, serve
def handle(m):
    if m["method"] != "server/discover":
        default(m)
serve(handle)
