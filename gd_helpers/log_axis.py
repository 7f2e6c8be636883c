"""Log axes labelled 10⁻² in plain text: mathtext labels are parsed again for every new figure."""
import math

from matplotlib.ticker import LogFormatter

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class PowerOfTen(LogFormatter):
    """Tick labels such as 10⁻² and 2×10⁻², on the same ticks matplotlib's own log labels go."""

    def _num_to_string(self, x, vmin, vmax):
        exponent = math.floor(math.log10(x) + 1e-9)
        coefficient = round(x / 10.0 ** exponent)
        power = "10" + str(exponent).translate(SUPERSCRIPT)
        return power if coefficient == 1 else f"{coefficient}×{power}"


def label_powers_of_ten(axis):
    """Label a log-scaled axis (ax.xaxis or ax.yaxis) with plain-text powers of ten."""
    axis.set_major_formatter(PowerOfTen())
    axis.set_minor_formatter(PowerOfTen(labelOnlyBase=False))
