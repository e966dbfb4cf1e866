"""The one exception kpilab raises for bad input."""


class KPIError(ValueError):
    """Bad input to a kpilab function, explained in French for the student.

    A subclass of :class:`ValueError`, so ``except ValueError`` catches it too.
    The message names the argument at fault and says what to do.

    >>> from kpilab import conversion_rate, KPIError
    >>> try:
    ...     conversion_rate(3, 0)
    ... except KPIError as err:
    ...     print("leads" in str(err))
    True
    """
