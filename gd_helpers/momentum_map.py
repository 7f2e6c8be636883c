"""The (η·λ, β) map of momentum: long-run rates, the three regions, and runs of torch.optim.SGD to check them."""
import matplotlib.pyplot as plt
from matplotlib import patheffects
import numpy as np

from .checks import check_bool, check_choice, check_int, check_number

# The words of the map, in the notebook's language (terms from the glossary).
WORDS = {
    "en": {
        "title": "Heavy ball: factor per step in the long run, max |z|, over (η·λ, β)",
        "x": "η·λ (learning rate × curvature)",
        "y": "momentum coefficient β",
        "colour": "factor per step in the long run, max |z|",
        "real": "real roots",
        "complex": "complex roots:\nfactor √β",
        "negative": "real roots\n(negative z)",
        "diverges": "diverges",
        "complex_edges": "edges of the complex region: η·λ = (1 ∓ √β)²",
        "divergence_edge": "divergence limit: η·λ = 2(1 + β)",
        "region_real": "real",
        "region_complex": "complex",
        "region_diverges": "diverges",
    },
    "es": {
        "title": "Bola pesada: factor por paso a largo plazo, max |z|, sobre (η·λ, β)",
        "x": "η·λ (tasa de aprendizaje × curvatura)",
        "y": "coeficiente de momento β",
        "colour": "factor por paso a largo plazo, max |z|",
        "real": "raíces reales",
        "complex": "raíces complejas:\nfactor √β",
        "negative": "raíces reales\n(z negativas)",
        "diverges": "diverge",
        "complex_edges": "bordes de la región compleja: η·λ = (1 ∓ √β)²",
        "divergence_edge": "límite de divergencia: η·λ = 2(1 + β)",
        "region_real": "reales",
        "region_complex": "complejas",
        "region_diverges": "diverge",
    },
}


def check_map_point(h, beta):
    """Return h = η·λ and β as float arrays once every h is finite and ≥ 0 and every β is in [0, 1)."""
    h, beta = np.asarray(h), np.asarray(beta)
    for name, value in (("h", h), ("beta", beta)):
        if value.dtype == bool or not np.issubdtype(value.dtype, np.number) or np.iscomplexobj(value):
            raise TypeError(f"{name} must be a real number or an array of real numbers, got {value.dtype}")
    h, beta = h.astype(np.float64), beta.astype(np.float64)
    if not np.all(np.isfinite(h) & (h >= 0)):
        raise ValueError(f"h = η·λ must be a finite number >= 0, got {h}")
    if not np.all((beta >= 0) & (beta < 1)):
        raise ValueError(f"beta must be in [0, 1) (0 included, 1 excluded), got {beta}")
    return h, beta


def largest_root(b, c):
    """Return max |z| over the two roots of z² − b·z + c = 0 (complex roots included)."""
    root = np.sqrt(np.asarray(b * b - 4 * c, dtype=np.complex128))
    return np.maximum(np.abs((b + root) / 2), np.abs((b - root) / 2))[()]  # [()]: a float for one point


def heavy_ball_rate(h, beta):
    """Return the heavy ball's long-run rate at h = η·λ: max |z| with z² − (1 + β − h)·z + β = 0."""
    h, beta = check_map_point(h, beta)
    return largest_root(1 + beta - h, beta)


def nesterov_rate(h, beta):
    """Return Nesterov's long-run rate at h = η·λ: max |z| with z² − (1 + β)(1 − h)·z + β(1 − h) = 0."""
    h, beta = check_map_point(h, beta)
    return largest_root((1 + beta) * (1 - h), beta * (1 - h))


def region_edges(beta):
    """Return the region edges at β: (1 − √β)² and (1 + √β)² (complex roots between), and 2(1 + β)."""
    _, beta = check_map_point(0.0, beta)
    root = np.sqrt(beta)
    return (1 - root) ** 2, (1 + root) ** 2, 2 * (1 + beta)


def region(h, beta):
    """Return "real", "complex" or "diverges" (h ≥ 2(1 + β): a root with |z| ≥ 1) for each (h, β)."""
    h, beta = check_map_point(h, beta)
    low, high, limit = region_edges(beta)
    return np.where(h >= limit, "diverges", np.where((low < h) & (h < high), "complex", "real"))[()]


def region_name(h, beta, lang):
    """Return the region of (h, β) in words of `lang`, for a table: "real", "complex" or "diverges" in English."""
    return WORDS[check_choice("lang", lang, tuple(WORDS))]["region_" + str(region(h, beta))]


def sgd_distances(lr, beta, lam, iterations, nesterov=False):
    """Run torch.optim.SGD(momentum=beta) on J(θ) = λθ²/2 from θ = 1 in float64; return |θ| at every step."""
    lr, lam = check_number("lr", lr, positive=True), check_number("lam", lam, positive=True)
    check_map_point(lr * lam, beta)
    iterations = check_int("iterations", iterations, 1)
    import torch  # here, not at the top: lessons that never call this never load PyTorch
    theta = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=lr, momentum=float(beta),
                                nesterov=check_bool("nesterov", nesterov))
    distances = [1.0]
    for _ in range(iterations):
        optimizer.zero_grad()
        (lam * theta * theta / 2).backward()
        optimizer.step()
        distances.append(abs(theta.item()))
    return np.array(distances)


def long_run_ratio(distances, start, window=20):
    """Return the long-run ratio per step: exp(slope) of a line fitted to log(distance) from step `start` on."""
    distances = np.asarray(distances, dtype=np.float64)
    start, window = check_int("start", start, 0), check_int("window", window, 1)
    if len(distances) < start + window + 2:
        raise ValueError(f"distances must hold at least start + window + 2 = {start + window + 2} values, "
                         f"got {len(distances)}")
    tail = distances[start:]
    if not np.all(np.isfinite(tail) & (tail > 0)):
        raise ValueError("distances must stay finite and above 0 from step start on")
    # With complex roots |θ| swings between 0 and ρᵏ within each turn: fit the upper envelope, the
    # largest log-distance in each run of `window` steps, by least squares.
    logs = np.log(tail)
    envelope = np.array([logs[k:k + window].max() for k in range(len(logs) - window + 1)])
    k = np.arange(len(envelope)) - (len(envelope) - 1) / 2
    return float(np.exp(np.mean(k * (envelope - envelope.mean())) / np.mean(k * k)))


def plot_rate_map(lang, points=None):
    """Draw the heavy ball's long-run rate over (η·λ, β) with its three regions, and `points` {label: (h, β)}."""
    t = WORDS[check_choice("lang", lang, tuple(WORDS))]
    h, beta = np.meshgrid(np.linspace(0, 4.2, 841), np.linspace(0, 0.995, 400))
    rate = heavy_ball_rate(h, beta)
    fig, ax = plt.subplots(figsize=(10, 5.6), layout="constrained")
    mesh = ax.pcolormesh(h, beta, np.where(rate < 1, rate, np.nan), cmap="viridis", vmin=0, vmax=1,
                         shading="auto", rasterized=True)
    ax.contourf(h, beta, rate, levels=[1, np.inf], colors="lightgray", hatches=["//"])
    fig.colorbar(mesh, ax=ax, label=t["colour"], pad=0.01)
    low, high, limit = region_edges(beta[:, 0])
    outlined = [patheffects.withStroke(linewidth=3.5, foreground="black")]  # shows on the legend's white too
    ax.plot(low, beta[:, 0], color="white", linewidth=2, path_effects=outlined, label=t["complex_edges"])
    ax.plot(high, beta[:, 0], color="white", linewidth=2, path_effects=outlined)
    ax.plot(limit, beta[:, 0], color="black", linewidth=2, linestyle="--", label=t["divergence_edge"])
    boxed = {"boxstyle": "round", "facecolor": "white", "alpha": 0.85, "edgecolor": "none"}
    ax.text(0.06, 0.07, t["real"], fontsize=12, bbox=boxed)
    ax.text(0.95, 0.5, t["complex"], fontsize=12, color="white", fontweight="bold")
    ax.text(3.45, 0.45, t["diverges"], fontsize=12, bbox=boxed)
    ax.annotate(t["negative"], xy=(1.85, 0.03), xytext=(2.75, 0.13), fontsize=12, bbox=boxed,
                arrowprops={"arrowstyle": "->", "color": "black"})
    for (label, (x, y)), marker in zip((points or {}).items(), "osD^v<>"):
        check_map_point(x, y)
        ax.plot(x, y, marker=marker, markersize=10, color="C3", markeredgecolor="white", linestyle="none",
                label=label, zorder=5, clip_on=False)
    ax.set(xlabel=t["x"], ylabel=t["y"], title=t["title"], xlim=(0, 4.2), ylim=(0, 1))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.11), fontsize=10, ncols=3)
    return fig
