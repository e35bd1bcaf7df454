# Reference values for tests/stats/test_rating_stats.cpp computed with R
# (Debian's r-base-core, R >= 3.6 so sample.kind is "Rejection"), independent
# of core/stats:
#   Rscript tests/stats/rating_reference.R
# - R's RNG itself: runif and sample.int after set.seed (core/stats/r_random.h);
# - summaries: mean, median and the percentile bootstrap interval of the mean
#   exactly as summarizeRatings() documents it;
# - kruskal.test, wilcox.test(exact = FALSE, correct = TRUE) with the
#   rank-biserial r = 2 W / (n1 n2) - 1, p.adjust(method = "holm");
# - Krippendorff's ordinal alpha by a hand implementation of Krippendorff (2011),
#   "Computing Krippendorff's Alpha-Reliability" (coincidence matrix, ordinal
#   distance), checked here against that paper's worked example, and against
#   irr::kripp.alpha where the irr package is installed.
stopifnot(getRversion() >= "3.6.0")
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
f <- function(x) sprintf("%.17g", x)
vec <- function(x) paste0("{", paste(f(x), collapse = ", "), "}")

# --- the data sets (pasted verbatim into the C++ test) -----------------------
# A small hand example: three trace types rated on one scale.
hand <- list(c(3, 4, 2, 5, 4, 3), c(2, 1, 3, 2, 4), c(5, 4, 5, 3))
# Ties-heavy Likert data, 4 trace types of unequal sizes (12, 15, 9, 20), drawn
# once with set.seed(7); sample(1:5, n, TRUE, prob) and frozen here.
likert <- list(
  c(1, 3, 4, 4, 4, 5, 3, 1, 4, 3, 4, 4),
  c(1, 2, 3, 2, 3, 2, 5, 3, 4, 2, 5, 5, 5, 2, 4),
  c(5, 1, 5, 3, 4, 4, 4, 5, 3),
  c(3, 4, 4, 3, 4, 3, 4, 3, 5, 3, 2, 4, 4, 5, 1, 1, 4, 1, 1, 3))

# --- R's RNG -----------------------------------------------------------------
cat("== RNG\n")
set.seed(42); cat("set.seed(42) runif(3):", vec(runif(3)), "\n")
set.seed(42); u <- runif(1000); cat("set.seed(42) runif(1000)[c(624, 625, 1000)]:", vec(u[c(624, 625, 1000)]), "\n")
set.seed(-1); cat("set.seed(-1) runif(2):", vec(runif(2)), "\n")
set.seed(2147483647); cat("set.seed(2147483647) runif(2):", vec(runif(2)), "\n")
set.seed(1); cat("set.seed(1) sample.int(10, 8, TRUE):", vec(sample.int(10, 8, TRUE)), "\n")
set.seed(1); cat("set.seed(1) sample.int(65536, 4, TRUE):", vec(sample.int(65536, 4, TRUE)), "\n")
set.seed(1); cat("set.seed(1) sample.int(65537, 4, TRUE):", vec(sample.int(65537, 4, TRUE)), "\n")
set.seed(1); cat("set.seed(1) sample.int(2147483647, 4, TRUE):", vec(sample.int(2147483647, 4, TRUE)), "\n")
set.seed(1); cat("set.seed(1) sample.int(1, 3, TRUE) then runif(1):",
                 vec(c(sample.int(1, 3, TRUE), runif(1))), "\n")

# --- summaries ---------------------------------------------------------------
boot <- function(x, seed, B, level) {
  set.seed(seed)
  m <- replicate(B, mean(x[sample.int(length(x), length(x), replace = TRUE)]))
  unname(quantile(m, c((1 - level) / 2, 1 - (1 - level) / 2), type = 7))
}
summ <- function(label, x, seed, B = 2000, level = 0.95)
  cat(sprintf("summary %s seed %d B %d level %g: {%d, %s, %s, %s, %s}\n", label, seed, B, level,
              length(x), f(mean(x)), f(median(x)), f(boot(x, seed, B, level)[1]),
              f(boot(x, seed, B, level)[2])))
cat("== summaries {n, mean, median, ciLow, ciHigh}\n")
for (g in seq_along(likert)) summ(sprintf("likert[%d]", g), likert[[g]], 42)
summ("likert[1]", likert[[1]], 2024, 999, 0.9)
summ("likert[4]", likert[[4]], -1, 500, 0.99)
summ("hand[1]", hand[[1]], 1, 2000, 0.95)
summ("non-integer", c(2.5, 3.25, 4.1, 1.7, 3.3, 4.9, 2.2), 7, 1000, 0.95)
summ("n=1", c(4), 42)
summ("all equal", rep(3, 10), 42)

# --- Kruskal-Wallis ----------------------------------------------------------
kw <- function(label, groups) {
  t <- kruskal.test(groups)
  cat(sprintf("kruskal %s: {%s, %d, %s}\n", label, f(t$statistic), t$parameter, f(t$p.value)))
}
cat("== kruskal.test {h, df, p}\n")
kw("hand", hand)
kw("likert", likert)
kw("likert[1:2]", likert[1:2])
kw("group of one", list(c(1, 2, 2, 3), 5, c(3, 4, 4)))
kw("far tail", list(rep(1:2, 30), rep(2:3, 30), rep(4:5, 30)))

# --- Mann-Whitney ------------------------------------------------------------
mw <- function(label, a, b) {
  t <- suppressWarnings(wilcox.test(a, b, exact = FALSE, correct = TRUE))
  w <- unname(t$statistic)
  cat(sprintf("wilcox %s: {%s, %s, %s}\n", label, f(w), f(t$p.value),
              f(2 * w / (length(a) * length(b)) - 1)))
  t$p.value
}
cat("== wilcox.test(exact = FALSE, correct = TRUE) {W, p, rank-biserial}\n")
invisible(mw("hand 1 vs 2", hand[[1]], hand[[2]]))
pairP <- c()
for (i in 1:3) for (j in (i + 1):4)
  pairP <- c(pairP, mw(sprintf("likert %d vs %d", i, j), likert[[i]], likert[[j]]))
invisible(mw("one vs many", 5, c(1, 2, 3, 3, 4)))
invisible(mw("one vs one", 1, 2))
invisible(mw("far tail", rep(c(1, 2), 100), rep(c(4, 5), 100)))

# --- Holm ----------------------------------------------------------------------
cat("== p.adjust(method = \"holm\")\n")
cat("holm likert pairs (all clamped to 1):", vec(p.adjust(pairP, "holm")), "\n")
cat("holm spread with ties:", vec(p.adjust(c(0.0004, 0.012, 0.0125, 0.049, 0.3, 0.012), "holm")), "\n")
cat("holm hand (NA stays NA, m = 5):",
    vec(p.adjust(c(0.01, 0.04, 0.03, 0.04, NA, 0.2), "holm")), "\n")

# --- Krippendorff's alpha ------------------------------------------------------
# Hand implementation of Krippendorff (2011), rows = raters, columns = units.
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)[1])),
                 "krippendorff.R"))
# Krippendorff (2011), section C: 4 observers x 12 units with missing values;
# published alpha: nominal 0.743, ordinal 0.815, interval 0.849.
paper <- rbind(
  c(1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA),
  c(1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3),
  c(NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA),
  c(1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA))
# 5 raters x 11 trace units of a Likert scale, with missing ratings; unit 11
# has one rating and must be left out.
raters <- rbind(
  c(1, 2, 3, 3, 4, 5, 2, NA, 4, 1, NA),
  c(1, 3, 3, 4, 4, 5, 2, 3, NA, 2, NA),
  c(2, 2, 3, 3, 5, 4, NA, 3, 4, 1, 5),
  c(NA, 2, 4, 3, 4, 5, 3, 2, 5, NA, NA),
  c(1, NA, NA, 3, NA, NA, NA, 3, 4, 2, NA))
cat("== Krippendorff's alpha\n")
pub <- c(nominal = 0.743, ordinal = 0.815, interval = 0.849)
for (metric in names(pub)) {
  a <- kripp(paper, metric)
  stopifnot(abs(a - pub[[metric]]) < 5e-4)  # the hand implementation reproduces the paper
  cat(sprintf("kripp paper %s: %s (published %.3f)\n", metric, f(a), pub[[metric]]))
}
cat("kripp raters ordinal:", f(kripp(raters, "ordinal")), "\n")
cat("kripp likert-as-raters ordinal (units = positions 1..9 of likert[[1..4]]):",
    f(kripp(t(sapply(likert, function(x) x[1:9])), "ordinal")), "\n")
# irr::kripp.alpha (raters x units, as irr documents) agrees with kripp() to the
# last digit on `paper` and `raters` (checked once with a transcription of irr
# 0.84's source, the package not being installed here). It is not compared on a
# matrix without NA: irr then skips the 1 / (m_u - 1) weight of the coincidence
# matrix, which changes alpha whenever units have more than two ratings.
if (requireNamespace("irr", quietly = TRUE)) {
  for (x in list(paper, raters)) {
    a <- irr::kripp.alpha(x, "ordinal")$value
    stopifnot(abs(a - kripp(x, "ordinal")) < 1e-12)
    cat("irr::kripp.alpha ordinal agrees:", f(a), "\n")
  }
} else {
  cat("irr not installed: irr::kripp.alpha not run\n")
}
