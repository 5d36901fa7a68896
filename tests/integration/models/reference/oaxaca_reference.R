# Oaxaca-Blinder reference values for tests/integration/models/test_oaxaca_reference.py,
# written independently in R: lm.wfit / glm.fit per group, Yun's normalisation of x2, and
# survey's withReplicates() on the JK1 design of glm_data.csv for the replicate SEs.
# Run: Rscript oaxaca_reference.R (R 4.2.2, survey 4.1.1); writes oaxaca_results.csv.
suppressMessages(library(survey))
d <- read.csv("glm_data.csv", stringsAsFactors = FALSE)
d$grp <- ifelse(d$female == 1, "f", "m")  # a = "f", b = "m"
X <- model.matrix(~ x1 + x2, d)            # (Intercept), x1, x2b, x2c: x2 = "a" omitted
a <- d$grp == "f"
normalise <- function(b) {                 # Yun: levels a, b, c of x2 as deviations
  levels <- c(0, b[3], b[4])
  c(b[1] + mean(levels), b[2], levels - mean(levels))
}
expand_means <- function(m) c(m[1], m[2], 1 - m[3] - m[4], m[3], m[4])
variable <- c("(intercept)", "x1", "x2", "x2", "x2")

decompose <- function(w, y, logistic, reference) {
  fit <- function(rows, Z = X) {
    if (logistic) glm.fit(Z[rows, ], y[rows], weights = w[rows],
                          family = quasibinomial(), control = glm.control(epsilon = 1e-14,
                                                                          maxit = 100))$coefficients
    else lm.wfit(Z[rows, ], y[rows], w[rows])$coefficients
  }
  ba <- fit(a); bb <- fit(!a)
  br <- switch(reference,
               pooled = fit(rep(TRUE, nrow(X))),
               pooled_group = fit(rep(TRUE, nrow(X)), cbind(X, a))[1:4],
               b = bb)
  mean_x <- function(rows) colSums(X[rows, ] * w[rows]) / sum(w[rows])
  xa <- expand_means(mean_x(a)); xb <- expand_means(mean_x(!a))
  ya <- sum(w[a] * y[a]) / sum(w[a]); yb <- sum(w[!a] * y[!a]) / sum(w[!a])
  na <- normalise(ba); nb <- normalise(bb); nr <- normalise(br)
  e_terms <- (xa - xb) * nr
  u_terms <- xa * (na - nr) + xb * (nr - nb)
  gap <- ya - yb
  if (logistic) {
    p <- function(rows, b) sum(w[rows] * plogis(X[rows, ] %*% b)) / sum(w[rows])
    explained <- p(a, br) - p(!a, br)
    unexplained <- p(a, ba) - p(a, br) + p(!a, br) - p(!a, bb)
    e_terms <- explained * e_terms / sum(e_terms)
    u_terms <- unexplained * u_terms / sum(u_terms)
    endow <- p(a, bb) - p(!a, bb); coefs <- p(!a, ba) - p(!a, bb)
    inter <- gap - endow - coefs
  } else {
    explained <- sum(e_terms); unexplained <- sum(u_terms)
    endow <- sum((xa - xb) * nb); coefs <- sum(xb * (na - nb)); inter <- sum((xa - xb) * (na - nb))
  }
  out <- c(gap, explained, unexplained, explained / gap, endow, coefs, inter,
           tapply(e_terms, variable, sum), tapply(u_terms, variable, sum))
  names(out) <- c("gap", "explained", "unexplained", "share_explained", "endowments",
                  "coefficients", "interaction",
                  paste0("explained|variable|", sort(unique(variable))),
                  paste0("unexplained|variable|", sort(unique(variable))))
  out
}

jk1 <- as.svrepdesign(svydesign(ids = ~psu, weights = ~w, data = d), type = "JK1")
cases <- list(list("linear_pooled", "y_cont", FALSE, "pooled"),
              list("linear_b", "y_cont", FALSE, "b"),
              list("linear_pooled_group", "y_cont", FALSE, "pooled_group"),
              list("logistic_pooled", "y_bin", TRUE, "pooled"))
rows <- list()
for (case in cases) {
  est <- withReplicates(jk1, function(w, data) decompose(w, data[[case[[2]]]], case[[3]],
                                                          case[[4]]))
  rows[[length(rows) + 1]] <- data.frame(case = case[[1]], component = names(coef(est)),
                                         estimate = as.numeric(coef(est)),
                                         se = as.numeric(SE(est)))
}
write.csv(do.call(rbind, rows), "oaxaca_results.csv", row.names = FALSE)

# Linearisation: the influence of row i is d theta / d w_i (central differences, step 1e-4
# of w_i), and the design variance is that of its weighted total: svytotal(~d, design) on
# the stratified design with fpc (R's svyrecvar). Written to oaxaca_linearised.csv.
stratified <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc1, data = d)
lin_cases <- list(list("linear_pooled_group", "y_cont", FALSE, "pooled_group"),
                  list("logistic_pooled", "y_bin", TRUE, "pooled"))
lin <- list()
for (case in lin_cases) {
  y <- d[[case[[2]]]]
  theta <- decompose(d$w, y, case[[3]], case[[4]])
  infl <- t(sapply(seq_len(nrow(d)), function(i) {
    h <- 1e-4 * d$w[i]
    up <- d$w; up[i] <- up[i] + h
    down <- d$w; down[i] <- down[i] - h
    (decompose(up, y, case[[3]], case[[4]]) - decompose(down, y, case[[3]], case[[4]])) / (2 * h)
  }))
  keep <- colnames(infl) != "explained|variable|(intercept)"
  scores <- as.data.frame(infl[, keep])
  names(scores) <- paste0("s", seq_len(ncol(scores)))
  des <- stratified
  des$variables <- cbind(des$variables, scores)
  se <- SE(svytotal(as.formula(paste("~", paste(names(scores), collapse = "+"))), des))
  lin[[length(lin) + 1]] <- data.frame(case = case[[1]], component = names(theta)[keep],
                                       estimate = as.numeric(theta[keep]),
                                       se = as.numeric(se))
}
write.csv(do.call(rbind, lin), "oaxaca_linearised.csv", row.names = FALSE)
