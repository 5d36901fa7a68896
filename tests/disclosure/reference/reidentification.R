# Independent reference for evidence.disclosure.reidentification (tests/disclosure/
# test_reidentification.py). sdcMicro is not installable on the project machine, so its
# definitions are re-implemented here in base R, record by record (brute force, O(n^2)):
#   freqCalc: fk_i = #{j : for every key, x_i == x_j or either is NA}, Fk_i = sum of w_j over them
#   indivRisk(method = "approx"), p = fk / Fk:
#     fk = 1: p/(1-p) * log(1/p); fk = 2: p/(1-p) - (p/(1-p))^2 * log(1/p);
#     fk > 2: p / (fk - (1 - p))
#   measure_risk: global_risk_ER = sum(r), global_risk = sum(r) / n
# Run: Rscript reidentification.R  (writes reidentification_data.csv, reidentification_r.csv)
set.seed(20231201)
n <- 300
data <- data.frame(
  sex = sample(c("female", "male"), n, replace = TRUE),
  age_group = sample(c("18_24", "25_34", "35_49", "50_plus", NA), n, replace = TRUE,
                     prob = c(0.3, 0.3, 0.2, 0.15, 0.05)),
  admin1 = sample(sprintf("A%02d", 1:12), n, replace = TRUE),
  weight = round(runif(n, 5, 400), 3),
  stringsAsFactors = FALSE
)
data$admin1[sample(n, 6)] <- NA
keys <- c("sex", "age_group", "admin1")
matches <- function(i, j) {
  all(sapply(keys, function(k) {
    a <- data[[k]][i]; b <- data[[k]][j]
    is.na(a) || is.na(b) || a == b
  }))
}
fk <- numeric(n); Fk <- numeric(n)
for (i in 1:n) {
  m <- sapply(1:n, function(j) matches(i, j))
  fk[i] <- sum(m); Fk[i] <- sum(data$weight[m])
}
p <- fk / Fk
risk <- ifelse(fk == 1, p / (1 - p) * log(1 / p),
        ifelse(fk == 2, p / (1 - p) - (p / (1 - p))^2 * log(1 / p),
               p / (fk - (1 - p))))
write.csv(data, "reidentification_data.csv", row.names = FALSE, na = "")
write.csv(data.frame(fk = fk, Fk = Fk, risk = risk,
                     global_risk_ER = sum(risk), global_risk = sum(risk) / n),
          "reidentification_r.csv", row.names = FALSE)
cat("global risk", sum(risk) / n, "\n")
