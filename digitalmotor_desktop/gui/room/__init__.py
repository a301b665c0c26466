"""The room: the audience window on the projector, blackout/whiteout/freeze, the exercise timer."""

#: What the projector shows: the room's view, or a black or white screen (PowerPoint's B and W).
NORMAL, BLACK, WHITE = "normal", "black", "white"
