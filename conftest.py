"""The doctests of src/, README.md and docs/ get the tests' private data folder too (tests/conftest.py)."""

from tests.conftest import _empty_data_folder, _private_data_folder, _session_cache_folder

__all__ = ["_empty_data_folder", "_private_data_folder", "_session_cache_folder"]
