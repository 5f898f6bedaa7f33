"""voxys_frames: Voxys (Chatwoot) support conversations as typed polars frames.

Fetch conversations and their full message history from the Voxys REST API,
turn them into polars DataFrames with declared dtypes, save Parquet snapshots,
and explore them in a notebook. A Chatwoot-compatible emulator is bundled so
everything runs without a real account.

Examples
--------
>>> import voxys_frames
>>> voxys_frames.__version__
'0.1.0'
"""

from voxys_frames._version import __version__

__all__ = ["__version__"]
