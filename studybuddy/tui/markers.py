"""How an item state looks on screen, in one place so tree, list and help agree."""

from studybuddy.roadmap import ItemState

MARKERS = {ItemState.TODO: "[ ]", ItemState.IN_PROGRESS: "[~]", ItemState.DONE: "[✓]", ItemState.SKIPPED: "[-]"}

# Theme variables, not colours, so every theme reads well.
MARKER_STYLES = {
    ItemState.TODO: "$text-muted",
    ItemState.IN_PROGRESS: "$text-warning",
    ItemState.DONE: "$text-success",
    ItemState.SKIPPED: "$text-muted",
}
