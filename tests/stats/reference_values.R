# Reference values for tests/stats/test_stats.cpp computed with R (Debian's
# r-base-core), an implementation independent of core/stats:
#   Rscript tests/stats/reference_values.R
# - the strict and legacy trace x answer tables of the paper's runs
#   (docs/scoring.md): chisq.test with and without Yates, fisher.test, phi;
# - the far tail: log(erfc(x)) = log(2) + pnorm(-x * sqrt(2), log.p = TRUE)
#   and log P(chi-square_1 > x) = pchisq(x, 1, lower.tail = FALSE, log.p = TRUE).
options(digits = 17)
tables <- list(c(254, 2, 149, 545), c(186, 191, 217, 356), c(340, 12, 15, 9),
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
# Cochran-Mantel-Haenszel over 2x2xK strata (mantelhaen.test): the Rabbits
# example of R's documentation, and the paper's four CoTempQA strict trace
# tables (Llama facts, Llama perturbed, Qwen facts, Qwen perturbed) as strata.
# An R array fills column-major: c(ok_ok, bad_ok, ok_bad, bad_bad) per stratum.
Rabbits <- array(c(0, 0, 6, 5,  3, 0, 3, 6,  6, 2, 0, 4,  5, 6, 1, 0,  2, 5, 0, 0), dim = c(2, 2, 5))
paper <- array(c(254, 149, 2, 545,  0, 371, 6, 573,  348, 164, 5, 433,  2, 530, 2, 416), dim = c(2, 2, 4))
for (x in list(Rabbits, paper)) {
  corrected <- mantelhaen.test(x)
  plain <- mantelhaen.test(x, correct = FALSE)
  cat(sprintf("CMH %.17g p %.17g; uncorrected %.17g p %.17g; common OR %.17g [%.17g, %.17g]\n",
              corrected$statistic, corrected$p.value, plain$statistic, plain$p.value,
              corrected$estimate, corrected$conf.int[1], corrected$conf.int[2]))
}
# Wilson 95% intervals of P(step ok and answer ok) = 254 / 950 and
# P(step ok | answer ok) = 254 / 403 (the Llama facts CoTempQA strict trace table).
for (x in list(c(254, 950), c(254, 403)))
  cat(sprintf("Wilson %g/%g: [%.17g, %.17g]\n", x[1], x[2], prop.test(x[1], x[2], correct = FALSE)$conf.int[1],
              prop.test(x[1], x[2], correct = FALSE)$conf.int[2]))
