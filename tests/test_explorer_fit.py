"""Every title, the ▼ marker and the bowl fit inside the explorer's picture, in both languages, at every size."""
import numpy as np
import pytest

from gd_helpers.curve_explorer import CurveExplorer
from gd_helpers.data import seed_data
from gd_helpers.explorer import Explorer

X, Y = seed_data()
SIZES = {  # the explorer's layouts: one weight (iterations or epochs), the bowl (raw or centred x), f of lesson 06
    "curve": lambda lang, lr: Explorer(lang=lang, lr=lr),
    "curve_epochs": lambda lang, lr: Explorer(X, Y, lang=lang, lr=lr, batch_size=2),
    "bowl": lambda lang, lr: Explorer(X, Y, lang=lang, bias=True, lr=lr, iterations=100),
    "bowl_centred": lambda lang, lr: Explorer(X - X.mean(), Y, lang=lang, bias=True, lr=lr),
    "curve_nonconvex": lambda lang, lr: CurveExplorer(lang=lang, lr=lr),  # lesson 06: f(w) = w·cos(πw)
    **{f"bowl_{name}": (lambda name: lambda lang, lr: Explorer(X, Y, lang=lang, bias=True, lr=lr, optimizer=name))(name)
       for name in ("adagrad", "rmsprop", "adam")},  # the optimizer menu: the strip speaks instead of marking
}


def inside(extent, fig):
    """Say whether a window extent lies within the figure's pixels."""
    return 0 <= extent.x0 and extent.x1 <= fig.bbox.width and 0 <= extent.y0 and extent.y1 <= fig.bbox.height


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", SIZES)
def test_every_title_and_the_marker_lie_inside_the_picture(size, lang):
    ex = SIZES[size](lang, 1.0)
    low, high = 10 ** ex.learning_rate.min, 10 ** ex.learning_rate.max
    figure = ex.figure
    renderer = figure.canvas.get_renderer()
    titles = [ax.title for ax in figure.fig.axes if ax.title.get_text()]
    assert len(titles) == 3
    for title in titles:
        assert inside(title.get_window_extent(renderer), figure.fig), title.get_text()
    for lr in (low, 1.0, high):  # both ends of the strip and lr = 1
        ex.learning_rate.value = lr
        marker = figure.artists["lr"]
        assert not marker.get_clip_on() and inside(marker.get_window_extent(renderer), figure.fig), lr


def extent(ex, ax):
    """Return the pixels an explorer's axes takes in its picture."""
    return ax.get_window_extent(ex.figure.canvas.get_renderer())


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_bowl_takes_the_strips_row_and_stays_square(lang):
    bowl, curve = (SIZES[name](lang, 0.05) for name in ("bowl", "curve"))
    square = extent(bowl, bowl.figure.panel.artist.axes)
    panel = extent(curve, curve.figure.panel.artist.axes)
    assert abs(square.width - square.height) < 2 and square.height > 1.3 * panel.height  # 293 px vs 203 px
    assert extent(bowl, bowl.figure.strip.ax).x1 < square.x0  # the strip ends where the bowl begins


def test_the_bowl_buttons_show_their_values():
    ex = Explorer(X - X.mean(), Y, lang="es", bias=True, lr=0.05)
    labels = [button.description for button in ex.landmark_buttons]
    assert labels == ["2/(λmin+λmax) = 0.4444", "2/λmax = 0.8", "η*, β* = 0.446, 0.00311"]
    assert np.isclose(float(labels[1].split("= ")[1]), ex.landmark_buttons[1].landmark)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("optimizer", ["adagrad", "rmsprop", "adam"])
def test_the_strips_words_for_an_adaptive_optimizer_fit_in_the_strip(optimizer, lang):
    ex = SIZES[f"bowl_{optimizer}"](lang, 0.1)
    strip = ex.figure.strip
    (message,) = [artist for artist in strip.landmarks if hasattr(artist, "get_text")]
    box, ax = message.get_window_extent(ex.figure.canvas.get_renderer()), extent(ex, strip.ax)
    assert ax.x0 + 4 <= box.x0 and box.x1 <= ax.x1 - 4 and ax.y0 <= box.y0 and box.y1 <= ax.y1
    assert inside(extent(ex, strip.ax), ex.figure.fig)
