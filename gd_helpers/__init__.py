"""Small helpers for the gd-notebooks course: data, training loops, theory, plots, widgets."""
from .data import seed_data
from .descent import History, batch_schedule, gradient_descent
from .exercises import EXERCISES, check
from .theory import batch_critical_lr, contraction, critical_lr, curvature, fastest_lr, minimiser, mse, trajectory
from .dynamics import regime
from .theory2d import best_lr, best_momentum, condition_number, eigen_directions, eigen_rates, eigenvalues, hessian
from .plots import (plot_batch_runs, plot_data, plot_distance, plot_loss_curve, plot_runs,
                    plot_weights)
from .text import words
from .explorer import Explorer
from .momentum_map import (heavy_ball_rate, long_run_ratio, nesterov_rate, plot_rate_map, region, region_edges,
                           region_name, sgd_distances)
