"""The per-article cache key: it follows the code and curated data, and refuses to skip a missing piece."""

import pytest

from bot.build import analysis


def test_the_cache_key_changes_when_an_analysis_module_changes():
    before = analysis.code_digest("v", ("bot.build.clean",))
    assert before != analysis.code_digest("v", ("bot.build.dates",))
    assert before == analysis.code_digest("v", ("bot.build.clean",))


def test_a_renamed_or_removed_analysis_module_fails_the_key_loudly():
    with pytest.raises(ModuleNotFoundError):
        analysis.code_digest("v", ("bot.build.no_such_module",))


def test_a_missing_curated_data_file_fails_the_key_loudly():
    with pytest.raises(FileNotFoundError):
        analysis.code_digest("v", (), ("no_such_file.yml",))


def test_every_analysis_module_named_in_the_key_exists():
    assert analysis.code_digest("v", analysis.ANALYSIS_MODULES, analysis.ANALYSIS_DATA)
