# Reference values for tests/stats/test_stats.cpp computed with R (Debian's
# r-base-core), an implementation independent of core/stats:
#   Rscript tests/stats/reference_values.R
# - the strict and legacy trace x answer tables of the paper's runs
#   (docs/scoring.md): chisq.test with and without Yates, fisher.test, phi;
# - the far tail: log(erfc(x)) = log(2) + pnorm(-x * sqrt(2), log.p = TRUE)
#   and log P(chi-square_1 > x) = pchisq(x, 1, lower.tail = FALSE, log.p = TRUE).
options(digits = 17)
tables <- list(c(254, 2, 149, 545), c(186, 191, 217, 356), c(339, 12, 16, 9),
               c(0, 6, 371, 573), c(348, 5, 164, 433))
for (t in tables) {
  m <- matrix(t, nrow = 2, byrow = TRUE)
  plain <- suppressWarnings(chisq.test(m, correct = FALSE))
  yates <- suppressWarnings(chisq.test(m, correct = TRUE))
  fisher <- fisher.test(m)
  phi <- (t[1] * t[4] - t[2] * t[3]) / sqrt((t[1] + t[2]) * (t[3] + t[4]) * (t[1] + t[3]) * (t[2] + t[4]))
  cat(sprintf("{%g, %g, %g, %g}: chi2 %.17g p %.17g yates %.17g p %.17g fisher %.17g phi %.17g\n",
              t[1], t[2], t[3], t[4], plain$statistic, plain$p.value, yates$statistic, yates$p.value,
              fisher$p.value, phi))
}
for (x in c(25.9, 26, 26.5, 30, 100))
  cat(sprintf("logErfc(%g) = %.17g\n", x, log(2) + pnorm(-x * sqrt(2), log.p = TRUE)))
for (x in c(200, 700, 1998.0005, 5000))
  cat(sprintf("chiSquare1LogSurvival(%.4f) = %.17g\n", x, pchisq(x, 1, lower.tail = FALSE, log.p = TRUE)))
