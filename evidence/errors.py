"""Named errors of the evidence library.

Every error says what went wrong and what to fix: the file, row, column and rule where the
problem lies in input data, or the allowed values where an option is wrong.
"""

from __future__ import annotations


class EvidenceError(Exception):
    """Base class of every error the library raises on purpose.

    Catch it to tell the library's own, explained failures from bugs; each subclass names the
    kind of problem and its message says what to fix.

    Examples
    --------
    >>> import evidence as ev
    >>> issubclass(ev.OptionError, ev.EvidenceError), issubclass(ev.StudyError, ev.EvidenceError)
    (True, True)
    """


class OptionError(EvidenceError, ValueError):
    """An option or parameter is outside its allowed values.

    Raised where an option enters (``evidence.options.check_option``); the message names the
    parameter and lists the allowed values. Also a ``ValueError``.

    Examples
    --------
    >>> import evidence as ev
    >>> try:
    ...     ev.get_country("VEN")
    ... except ev.OptionError as error:
    ...     print(error)
    unknown country 'VEN'; allowed: ARG, ABW, BOL, ...
    """


class ContractError(EvidenceError):
    """A data contract is malformed, or data break a contract as a whole (e.g. missing columns).

    The message names the contract file, the field and what to change.

    Examples
    --------
    >>> from evidence.contracts import load_contract
    >>> try:
    ...     load_contract("no_such_dataset")
    ... except ContractError as error:
    ...     print(str(error)[:36])
    no contract 'no_such_dataset' at ...
    """


class UnreadableFileError(EvidenceError):
    """An input file cannot be read as a table (encoding, truncation, not a table).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from evidence.ingest import read_hdx_csv
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "plain.csv"
    >>> _ = path.write_text("site_id,date\\nCOL-S001,2023-12-01\\n")
    >>> try:
    ...     read_hdx_csv(path, "flow_counts")
    ... except UnreadableFileError as error:
    ...     print("expected the HXL hashtag row" in str(error))
    True
    """


class IngestError(EvidenceError):
    """Ingestion of a period failed for at least one file (others still ingest).

    Examples
    --------
    >>> issubclass(IngestError, EvidenceError)
    True
    """


class DataNotFoundError(EvidenceError, FileNotFoundError):
    """Curated or raw data asked for do not exist; the message names the folder looked at.

    Also a ``FileNotFoundError``.

    Examples
    --------
    >>> import tempfile
    >>> import evidence as ev
    >>> try:
    ...     ev.load("flow_counts", country="COL", period="2023-12", root=tempfile.mkdtemp())
    ... except ev.DataNotFoundError:
    ...     print("run `evidence ingest` first")
    run `evidence ingest` first
    """


class DesignError(EvidenceError, ValueError):
    """A survey design is inconsistent with the data (e.g. a lonely PSU under policy 'fail').

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign
    >>> frame = pd.DataFrame({"w": [1.0, -2.0], "y": [1.0, 0.0]})
    >>> try:
    ...     SurveyDesign(frame, weights="w")
    ... except DesignError:
    ...     print("negative weight refused")
    negative weight refused
    """


class EstimationError(EvidenceError, ValueError):
    """An estimator cannot produce an estimate from the data given.

    Examples
    --------
    >>> issubclass(EstimationError, ValueError)
    True
    """


class DisclosureError(EvidenceError):
    """A table would publish a cell that disclosure control forbids.

    Examples
    --------
    >>> issubclass(DisclosureError, EvidenceError)
    True
    """


class StudyError(EvidenceError):
    """A study failed to execute or render; the message names the notebook and the fix.

    Examples
    --------
    >>> issubclass(StudyError, EvidenceError)
    True
    """


class SampleSizeError(EstimationError):
    """A model was asked of a sample too small for it (below a stated minimum per group,
    parameter or covariate cell); the study shows the message instead of an estimate."""
