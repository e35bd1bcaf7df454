# Krippendorff's alpha by hand, shared by rating_reference.R and
# study_report_reference.R (sourced).
# Hand implementation of Krippendorff (2011), rows = raters, columns = units.
kripp <- function(x, metric) {
  x <- x[, colSums(!is.na(x)) >= 2, drop = FALSE]  # pairable units only
  v <- sort(unique(as.vector(x[!is.na(x)])))
  k <- length(v)
  o <- matrix(0, k, k)
  for (u in seq_len(ncol(x))) {
    vals <- x[!is.na(x[, u]), u]
    m <- length(vals)
    for (i in seq_len(m)) for (j in seq_len(m)) if (i != j) {
      c1 <- match(vals[i], v); c2 <- match(vals[j], v)
      o[c1, c2] <- o[c1, c2] + 1 / (m - 1)
    }
  }
  nc <- rowSums(o); n <- sum(nc)
  d2 <- matrix(0, k, k)
  for (c1 in 1:k) for (c2 in 1:k) {
    d2[c1, c2] <- switch(metric,
      nominal = as.numeric(c1 != c2),
      ordinal = { g <- min(c1, c2):max(c1, c2); (sum(nc[g]) - (nc[c1] + nc[c2]) / 2)^2 },
      interval = (v[c1] - v[c2])^2)
  }
  1 - (n - 1) * sum(o * d2) / sum(outer(nc, nc) * d2)
}
