"""An ipywidgets explorer over a snapshot: filters, counts, table, threads, charts, export.

Examples
--------
>>> from voxys_frames.tables.frames import Frames
>>> explore(Frames()).state.is_empty
True
"""

from voxys_frames.explorer.widget import Explorer, explore

__all__ = ["Explorer", "explore"]
