# IPW and AIPW reference values for tests/integration/models/test_regularisation.py, written
# independently in R: glm.fit propensity and outcome models with the sampling weights, the
# trimming rule [0.1, 0.9] applied once on the full sample, and survey's withReplicates() on
# the JKn design of glm_data.csv for the SEs (every model refitted in every replicate).
# Treatment: female; outcome: y_bin; covariates: x1, x2. Writes ipw_results.csv.
suppressMessages(library(survey))
d <- read.csv("glm_data.csv", stringsAsFactors = FALSE)
X <- model.matrix(~ x1 + x2, d)
t <- d$female == 1
y <- d$y_bin
ctl <- glm.control(epsilon = 1e-14, maxit = 100)
propensity <- function(w) {
  plogis(X %*% glm.fit(X, as.numeric(t), weights = w, family = quasibinomial(),
                       control = ctl)$coefficients)[, 1]
}
keep <- abs(propensity(d$w) - 0.5) <= 0.4
effects <- function(w, estimand) {
  w <- w[keep]; Xk <- X[keep, ]; tk <- t[keep]; yk <- y[keep]
  e <- plogis(Xk %*% glm.fit(Xk, as.numeric(tk), weights = w, family = quasibinomial(),
                             control = ctl)$coefficients)[, 1]
  a <- if (estimand == "ATE") ifelse(tk, w / e, w / (1 - e)) else ifelse(tk, w, w * e / (1 - e))
  ipw <- sum(a[tk] * yk[tk]) / sum(a[tk]) - sum(a[!tk] * yk[!tk]) / sum(a[!tk])
  outcome <- function(rows) plogis(Xk %*% glm.fit(Xk[rows, ], yk[rows], weights = w[rows],
                                                  family = quasibinomial(),
                                                  control = ctl)$coefficients)[, 1]
  m1 <- outcome(tk); m0 <- outcome(!tk)
  corr0 <- sum(a[!tk] * (yk[!tk] - m0[!tk])) / sum(a[!tk])
  aipw <- if (estimand == "ATE") {
    sum(w * (m1 - m0)) / sum(w) + sum(a[tk] * (yk[tk] - m1[tk])) / sum(a[tk]) - corr0
  } else {
    sum(w[tk] * (yk[tk] - m0[tk])) / sum(w[tk]) - corr0
  }
  c(ipw = ipw, aipw = aipw)
}
jkn <- as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d),
                      type = "JKn")
rows <- list()
for (estimand in c("ATT", "ATE")) {
  est <- withReplicates(jkn, function(w, data) effects(w, estimand))
  rows[[length(rows) + 1]] <- data.frame(estimand = estimand, method = names(coef(est)),
                                         estimate = as.numeric(coef(est)),
                                         se = as.numeric(SE(est)), trimmed = sum(!keep))
}
write.csv(do.call(rbind, rows), "ipw_results.csv", row.names = FALSE)
