"""The few cross-feature events; senders never import their receivers."""

from blinker import Namespace

_signals = Namespace()

# sender: the Challenge; kwargs: actor (User)
challenge_concluded = _signals.signal("challenge-concluded")

# sender: None; kwargs: municipality_ids (set[int]), the municipalities a committed transaction
# declared changed (page_generations.changed), sent once it has committed; with_text (set[int]):
# those of them declared with text to translate (the translation jobs ask for a run). The
# metrics ask for a fresh snapshot of each.
municipalities_written = _signals.signal("municipalities-written")
