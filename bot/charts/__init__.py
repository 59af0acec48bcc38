"""Model -> the JSON of the data pages, offline: each numeric metric series as a Commons-style `.tab` page
(JsonConfig's Tabular.JsonConfig) and a `.chart` page (Extension:Chart), validated against the rules those
extensions apply before anything is saved.

    problems.py        DataPageError: a data page the wiki would refuse, with every problem found
    numbers.py         exact decimals -> JSON numbers
    series_rows.py     which series can be drawn, and their rows: period, value, goal
    goals.py           the value that meets the year's goal, for each quarter
    names.py           the data pages' titles in the Data: namespace
    tabular.py         the `.tab` JSON of a series
    chart.py           the `.chart` JSON of a series
    jsonconfig_rules.py  JsonConfig's rules: licenses, localized strings, string lines, tabular data
    chart_rules.py     Extension:Chart's rules (JCChartContent)
    pages.py           the data pages of a priority, rendered and validated

Imports only bot.errors and bot.source; knows nothing of wikitext or of the wiki.
"""
