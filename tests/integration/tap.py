"""Runs unittest test cases and reports each test method as a TAP line,
so the suite counts every check and a failure names itself."""
import sys
import traceback
import unittest


class TapResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.n = 0

    def _line(self, ok, test, detail=None):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {test.id()}")
        if detail:
            for line in detail.rstrip().splitlines():
                print(f"# {line}")
        sys.stdout.flush()

    def addSuccess(self, test):
        self._line(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test, "".join(traceback.format_exception(*err)))

    def addError(self, test, err):
        super().addError(test, err)
        self._line(False, test, "".join(traceback.format_exception(*err)))

    def addSkip(self, test, reason):
        self.n += 1
        print(f"ok {self.n} - {test.id()} # SKIP {reason}")


def main(module="__main__"):
    suite = unittest.defaultTestLoader.loadTestsFromModule(
        sys.modules[module])
    result = TapResult()
    suite.run(result)
    print(f"1..{result.n}")
    sys.exit(0 if result.wasSuccessful() else 1)
