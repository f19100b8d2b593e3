"""The few cross-feature events; senders never import their receivers."""

from blinker import Namespace

_signals = Namespace()

# sender: the Idea; kwargs: actor (User | None)
idea_submitted = _signals.signal("idea-submitted")
# sender: the Idea; kwargs: change (StageChange), actor (User)
idea_moved = _signals.signal("idea-moved")
# sender: the Challenge; kwargs: actor (User)
challenge_concluded = _signals.signal("challenge-concluded")
# sender: the Comment; kwargs: actor (User)
comment_posted = _signals.signal("comment-posted")
# sender: the duplicate Idea; kwargs: target (Idea), actor (User)
ideas_merged = _signals.signal("ideas-merged")
# sender: the User about to be erased (before the generic rules run, so features can remove
# personal data the rules cannot see); kwargs: remove_contributions (bool)
account_deleting = _signals.signal("account-deleting")
