// Compact stop-word lists, accent-folded and lower-cased (they are compared after folding).
// Used both to drop noise terms before indexing and to detect the language of a text.

export const FRENCH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui
ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes
toi ton tu un une vos votre vous c d j l m n s t y etant suis es est sommes etes sont
serai sera seront serait etait etaient fut ai as avons avez ont aurai aura avait avaient eu ceci cela ca
celui celle ceux celles dont donc or ni car si tout tous toute toutes tres plus moins aussi comme quand
ici la lors puis sans sous chez entre vers depuis pendant avant apres quel quelle quels quelles
quoi comment combien pourquoi ou ainsi alors encore deja`.split(/\s+/),
);

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours yourself yourselves`.split(
    /\s+/,
  ),
);
