"""The few cross-feature events; senders never import their receivers."""

from blinker import Namespace

_signals = Namespace()

# sender: the Challenge; kwargs: actor (User)
challenge_concluded = _signals.signal("challenge-concluded")

# sender: None; kwargs: municipality_ids (set[int]), the municipalities whose rows a transaction
# wrote. page_generations finds them as it bumps their pages; database.commit() sends this once
# the transaction has committed. The metrics ask for a fresh snapshot of each.
municipalities_written = _signals.signal("municipalities-written")
WRITTEN_MUNICIPALITIES = "cocreate.municipalities_written"  # session.info, until the commit
