# The statistics of `tracescope-cli study report` computed by R from the same
# long CSV (participant,item,trace_type,scale,rating,seconds,comment), for
# tests/cli/free_form_study_test.sh to compare to 1e-6:
#   Rscript tests/stats/study_report_reference.R RATINGS.csv SEED ARM_LABEL...
# prints "key value" lines: per scale and arm n, mean, median and the
# bootstrap interval (set.seed(SEED) before each arm, 2000 resamples, type 7
# quantiles); Kruskal-Wallis H, df, p; per pair of arms (in the order given)
# W, p, Holm p, rank-biserial r; Krippendorff's alpha (ordinal) with the
# participants as raters and the (item, arm) pairs as units.
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)[1]))
source(file.path(here, "krippendorff.R"))
args <- commandArgs(TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE, colClasses = "character")
seed <- as.integer(args[2])
arms <- args[-(1:2)]
f <- function(x) if (is.na(x)) "NA" else sprintf("%.17g", x)
out <- function(key, x) cat(key, f(x), "\n")
for (scale in c("interpretability", "cognitive_load")) {
  s <- d[d$scale == scale, ]
  s$rating <- as.numeric(s$rating)
  groups <- lapply(arms, function(a) s$rating[s$trace_type == a])
  for (k in seq_along(arms)) {
    x <- groups[[k]]
    key <- paste(scale, arms[k])
    out(paste(key, "n"), length(x))
    if (length(x) == 0) next
    out(paste(key, "mean"), mean(x))
    out(paste(key, "median"), median(x))
    set.seed(seed)
    m <- replicate(2000, mean(x[sample.int(length(x), length(x), replace = TRUE)]))
    q <- quantile(m, c(0.025, 0.975), type = 7, names = FALSE)
    out(paste(key, "ci_low"), q[1])
    out(paste(key, "ci_high"), q[2])
  }
  rated <- groups[sapply(groups, length) > 0]
  if (length(rated) >= 2) {
    kw <- kruskal.test(rated)
    out(paste(scale, "kw h"), unname(kw$statistic))
    out(paste(scale, "kw df"), unname(kw$parameter))
    out(paste(scale, "kw p"), kw$p.value)
  }
  keys <- c(); w <- c(); p <- c(); r <- c()
  for (i in seq_along(arms)) for (j in seq_along(arms)) if (i < j &&
      length(groups[[i]]) > 0 && length(groups[[j]]) > 0) {
    t <- suppressWarnings(wilcox.test(groups[[i]], groups[[j]], exact = FALSE, correct = TRUE))
    keys <- c(keys, paste(scale, arms[i], "vs", arms[j]))
    w <- c(w, unname(t$statistic)); p <- c(p, t$p.value)
    r <- c(r, 2 * unname(t$statistic) / (length(groups[[i]]) * length(groups[[j]])) - 1)
  }
  holm <- p.adjust(p, "holm")
  for (k in seq_along(keys)) {
    out(paste(keys[k], "w"), w[k]); out(paste(keys[k], "p"), p[k])
    out(paste(keys[k], "p_holm"), holm[k]); out(paste(keys[k], "r"), r[k])
  }
  raters <- unique(s$participant)
  units <- unique(paste(s$item, s$trace_type, sep = "\t"))
  x <- matrix(NA_real_, length(raters), length(units))
  x[cbind(match(s$participant, raters), match(paste(s$item, s$trace_type, sep = "\t"), units))] <- s$rating
  if (any(colSums(!is.na(x)) >= 2)) out(paste(scale, "alpha"), kripp(x, "ordinal"))
}
