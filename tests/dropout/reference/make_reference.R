# Reference values for tests/dropout/test_interpretable_reference.py.
# Run from this folder: Rscript make_reference.R  (writes r_logit.csv and r_session.json)
# Data: model_data.csv (written by make_data.py from the embedded synthetic data).
#
# Model: glm(dropout ~ <10 covariates>, family = binomial)
# Clustered covariance: sandwich::vcovCL(fit, cluster = ~school_id, type = "HC1")
#   (cadjust = TRUE: G/(G-1) * (N-1)/(N-K)), Wald intervals with the normal quantile.
# Average marginal effects: mean discrete change P(x=1) - P(x=0) for 0/1 covariates, mean
#   derivative b_j p (1 - p) for the others; delta-method SEs with a central-difference
#   Jacobian (step 1e-6) and the vcovCL matrix.
suppressPackageStartupMessages({
  library(sandwich)
})
d <- read.csv("model_data.csv", stringsAsFactors = FALSE)
covariates <- c("attendance_per_10_points", "overage_years", "repeated_grade", "child_work",
                "xenophobia", "bullying", "migrant", "female", "caregiver_irregular",
                "school_psychosocial_support")
binary <- setdiff(covariates, c("attendance_per_10_points", "overage_years"))
fit <- glm(reformulate(covariates, "dropout"), family = binomial, data = d,
           control = glm.control(epsilon = 1e-14, maxit = 100))
V <- vcovCL(fit, cluster = ~school_id, type = "HC1")
X <- model.matrix(fit)

ame <- function(beta) {
  out <- numeric(length(covariates))
  names(out) <- covariates
  for (name in covariates) {
    if (name %in% binary) {
      X1 <- X; X1[, name] <- 1
      X0 <- X; X0[, name] <- 0
      out[name] <- mean(plogis(X1 %*% beta) - plogis(X0 %*% beta))
    } else {
      p <- plogis(X %*% beta)
      out[name] <- mean(beta[name] * p * (1 - p))
    }
  }
  out
}
beta <- coef(fit)
effects <- ame(beta)
h <- 1e-6
J <- sapply(seq_along(beta), function(k) {
  up <- beta; up[k] <- up[k] + h
  down <- beta; down[k] <- down[k] - h
  (ame(up) - ame(down)) / (2 * h)
})
ame_se <- sqrt(diag(J %*% V %*% t(J)))
term <- c("intercept", covariates)
out <- data.frame(
  term = term,
  coef = unname(beta),
  se = unname(sqrt(diag(V))),
  ame = c(NA, unname(effects)),
  ame_se = c(NA, unname(ame_se))
)
write.csv(out, "r_logit.csv", row.names = FALSE)
session <- sprintf(
  '{"R": "%s", "sandwich": "%s", "n": %d, "clusters": %d}\n',
  R.version.string, as.character(packageVersion("sandwich")), nrow(d),
  length(unique(d$school_id))
)
cat(session, file = "r_session.json")
print(out, digits = 10)
