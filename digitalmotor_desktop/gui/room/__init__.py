"""The room: the audience window on the projector, blackout/whiteout/freeze, the exercise timer."""
