"""Make the local Pelican plugins importable by name in tests, as PLUGIN_PATHS does."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))
