# Writes `"_meta": null` in its initialize result, as a Go struct without
# `omitempty` does: the app's client does not take that for a reply at all
# and times out.
from common import INIT, default, serve

serve(lambda msg: default(msg, init=dict(INIT, _meta=None)))
