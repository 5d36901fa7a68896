# Average marginal effects reference for tests/integration/models/test_margins.py, written
# independently in R: glm.fit of y_bin ~ x1 + x2 + female with the sampling weights; AMEs
# of x1 and female (derivatives, female being numeric 0/1) and of x2 = b, c against a
# (discrete changes). SEs: (1) linearisation: influence of row i = d AME / d w_i by central
# differences, SE(svytotal(~influence, design)) on the stratified design with fpc;
# (2) withReplicates on the JK1 design. Writes margins_results.csv.
suppressMessages(library(survey))
d <- read.csv("glm_data.csv", stringsAsFactors = FALSE)
X <- model.matrix(~ x1 + x2 + female, d)   # (Intercept), x1, x2b, x2c, female
y <- d$y_bin
ctl <- glm.control(epsilon = 1e-14, maxit = 100)
at_level <- function(level) { Z <- X; Z[, "x2b"] <- level == "b"; Z[, "x2c"] <- level == "c"; Z }
ame <- function(w) {
  b <- glm.fit(X, y, weights = w, family = quasibinomial(), control = ctl)$coefficients
  p <- plogis(X %*% b)[, 1]
  mean_w <- function(v) sum(w * v) / sum(w)
  pa <- plogis(at_level("a") %*% b)[, 1]
  c(x1 = mean_w(p * (1 - p)) * b[["x1"]], female = mean_w(p * (1 - p)) * b[["female"]],
    "x2[b]" = mean_w(plogis(at_level("b") %*% b)[, 1] - pa),
    "x2[c]" = mean_w(plogis(at_level("c") %*% b)[, 1] - pa))
}
stratified <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc1, data = d)
theta <- ame(d$w)
infl <- t(sapply(seq_len(nrow(d)), function(i) {
  h <- 1e-4 * d$w[i]
  up <- d$w; up[i] <- up[i] + h
  down <- d$w; down[i] <- down[i] - h
  (ame(up) - ame(down)) / (2 * h)
}))
scores <- as.data.frame(infl); names(scores) <- paste0("s", 1:4)
stratified$variables <- cbind(stratified$variables, scores)
linear_se <- SE(svytotal(~s1 + s2 + s3 + s4, stratified))
jk1 <- as.svrepdesign(svydesign(ids = ~psu, weights = ~w, data = d), type = "JK1")
rep <- withReplicates(jk1, function(w, data) ame(w))
write.csv(data.frame(term = names(theta), estimate = as.numeric(theta),
                     se_linearised = as.numeric(linear_se), se_jk1 = as.numeric(SE(rep))),
          "margins_results.csv", row.names = FALSE)
