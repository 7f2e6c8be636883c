"""Small helpers for the gd-notebooks course: data, training loops, theory, plots, widgets."""
from .data import seed_data
from .descent import History, gradient_descent
from .theory import (batch_critical_lr, contraction, critical_lr, curvature, fastest_lr, minimiser, mse, regime,
                     trajectory)
from .plots import plot_loss_curve, plot_runs
from .text import words
from .explorer import Explorer
