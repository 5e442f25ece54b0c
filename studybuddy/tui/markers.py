"""How an item state looks on screen, in one place so tree, list and help agree."""

from studybuddy.roadmap import DONE, IN_PROGRESS, SKIPPED, TODO

MARKERS = {TODO: "[ ]", IN_PROGRESS: "[~]", DONE: "[✓]", SKIPPED: "[-]"}

# Theme variables, not colours, so every theme reads well.
MARKER_STYLES = {TODO: "$text-muted", IN_PROGRESS: "$text-warning", DONE: "$text-success", SKIPPED: "$text-muted"}
