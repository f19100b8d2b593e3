"""The few cross-feature events; senders never import their receivers."""

from blinker import Namespace

_signals = Namespace()

# sender: the Challenge; kwargs: actor (User)
challenge_concluded = _signals.signal("challenge-concluded")
